"""`python -m ople.core.pgcheck URL`: exit 0 when a PostgreSQL server answers at URL."""

import sys


def main(url: str) -> int:
    try:
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://"), connect_timeout=3):
            return 0
    except Exception:
        return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
