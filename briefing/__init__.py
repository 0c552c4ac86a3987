"""What each dashboard view shows, computed once: page registry, view content, figures, exports, deck and images."""
