"""Small dialogs: errors now; confirm, reason and progress later."""
