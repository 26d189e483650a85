enum PlaceholderMoxDMARC {}
