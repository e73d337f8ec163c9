"""Drafting a bundle from an article: every figure found, a card proposed for each sentence.

Nothing here is imported when the kiosk starts; ``union-kiosk draft`` loads it.
"""
