"""预约: booking a window slot at a registry office (婚姻登记 first), with change, cancel and a
reminder the day before. Offices come from the knowledge base; capacity and opening days are
operational settings (``settings.py``); every act is audited."""
