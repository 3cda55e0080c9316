"""为您推荐: recommendations for a signed-in person from their record, with consent (see service.py)."""
