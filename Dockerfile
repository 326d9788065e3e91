# The web, worker and beat image. Front-end packages come from npm at build time. Static files
# are collected with DEBUG off, as the service runs, so whitenoise's manifest is built (the key
# is thrown away: collecting signs nothing).
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
COPY frontend ./frontend
RUN npm ci --no-audit --no-fund

FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/var/lib/oversight
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir -e . 2>/dev/null || true
COPY . .
COPY --from=assets /app/node_modules ./node_modules
RUN pip install --no-cache-dir -e . \
    && useradd --system --home /app oversight \
    && mkdir -p /var/lib/oversight/returns /var/lib/oversight/engage_documents && chown -R oversight /var/lib/oversight \
    && DEBUG=false ALLOWED_HOSTS=build SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
       python manage.py collectstatic --noinput -v0
USER oversight
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
