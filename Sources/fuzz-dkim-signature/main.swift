import MoxDKIM
