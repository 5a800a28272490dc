"""OpinionDesk: an offline drafting assistant for Exhibit 5.1 legality opinion letters."""

__version__ = "0.1.0"
