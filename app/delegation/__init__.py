"""亲友代办 and 授权代理: acting for another person, only with their consent, within scope and time.

The rule every channel relies on (``authority_for``): an actor may act on a person's case only
if the actor IS that person, or holds a delegation that is active NOW and covers the item, or is
staff in a role that allows it. Every act under a delegation is audited and the person notified.
"""
