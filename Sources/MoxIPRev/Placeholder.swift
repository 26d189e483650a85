enum PlaceholderMoxIPRev {}
