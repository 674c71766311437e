"""Wire formats of other systems (Perspective, Coral, Disqus, WordPress) mapped onto our own."""
