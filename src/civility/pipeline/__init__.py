"""Moderation: scorers turn a submission into scores, decide() turns scores into a status."""
