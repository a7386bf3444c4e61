# govrules serve in a container: docs/serve.md#in-a-container
#   docker build -t govrules . && docker run --rm -p 8000:8000 -v "$PWD/mous:/trusts:ro" govrules
FROM python:3.12-slim

WORKDIR /src
COPY pyproject.toml README.md ./
COPY govrules ./govrules
COPY trusts ./trusts
RUN pip install --no-cache-dir '.[serve,source]' && rm -rf /src \
    && useradd --system --no-create-home govrules && mkdir /trusts

USER govrules
WORKDIR /trusts
EXPOSE 8000
# GOVRULES_TOKEN, when set (docker run -e), requires `Authorization: Bearer ...`.
HEALTHCHECK --interval=30s --timeout=3s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
# The bundled trusts and the *.yaml files mounted at /trusts; `docker kill -s HUP` reloads.
CMD ["govrules", "serve", "rutland", "wirral", "durham", "cumbria", "suffolk", "--trusts-dir", "/trusts", "--host", "0.0.0.0", "--port", "8000"]
