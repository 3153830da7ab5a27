import os

os.environ.setdefault("OPLE_TESTING", "1")
