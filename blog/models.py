"""Blog pages and comments arrive with the blog issue."""
