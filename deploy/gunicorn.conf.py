"""gunicorn's settings for the portal (deploy/systemd/saker-trygg-web.service, scripts/).

Values come from the environment like the portal's own, so one file serves every server.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A request that takes longer than this is killed and logged; no page needs half a minute.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Workers are replaced now and then, so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
# nginx sets X-Forwarded-For and X-Forwarded-Proto; only a proxy on this host is believed.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
# The request id is the one nginx sent (or the portal made): the same as in the portal's lines.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
