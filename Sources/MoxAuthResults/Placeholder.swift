enum PlaceholderMoxAuthResults {}
