enum PlaceholderMoxDNSBL {}
