"""The hotline agent console's domain (12345 / 民政服务热线): claiming contacts from the queue,
the citizen's record (masked; full record audited), bot-suggested answers with their sources,
feedback on suggestions and the knowledge base's gaps, wrap-up, and work orders (工单) with a
closed loop 分派 → 处置 → 反馈 → 评价. No Reflex, Rasa or Vosk code here.
"""
