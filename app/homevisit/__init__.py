"""上门代办: a home visit by a community agent for someone who cannot come to a service hall."""
