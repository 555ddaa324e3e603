"""Connectors (Source -> Fetched items) and the guarded, polite Fetcher they share.

base.py is the door (register / connector_for / known_kinds); fetch.py the Fetcher;
ssrf.py the SSRF guard; urls.py canonical URLs; rss, web, files, text the built-in
connectors (telegram.py lives beside them).
"""
