"""Offline evaluation of the scorers on labelled data: `civility evaluate`."""
