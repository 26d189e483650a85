import MoxSASL
