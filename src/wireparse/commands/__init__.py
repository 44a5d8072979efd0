"""CLI commands that live in their own modules; ``wireparse.cli`` registers them."""
