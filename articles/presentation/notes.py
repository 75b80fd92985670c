"""A story's notes (corrections, clarifications, editor's notes, updates) as readers see them."""


def ordered_notes(notes):
    """``notes`` oldest first: the database orders them so, a preview's are in memory."""
    return sorted(notes, key=lambda note: (note.noted_at, note.pk or 0))


def placed(notes, placement):
    """The notes shown at ``placement`` ("top" or "bottom")."""
    if placement == "top":
        return [note for note in notes if note.placement == "top"]
    return [note for note in notes if note.placement != "top"]
