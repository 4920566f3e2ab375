# Cairn's image (docs/operations.md, "Containers"): the web server by default; the same image runs the
# worker (`node bin/cairn.js worker`) and the command line (`node bin/cairn.js db migrate`, `backup`…).
#
#   docker build -t cairn .
#   docker compose up            # Cairn, its worker and PostgreSQL (compose.yaml)
#
# Two stages: `build` installs everything (with the compiler for better-sqlite3's native binding) and
# runs `npm run build` — the same scripts/build.js that CI's production install runs (.ci/production-install)
# — then drops the development dependencies; the runtime stage has Node.js, Debian's Chromium (for PDFs)
# and fonts, the compiled dist/ and the production node_modules, and runs as an unprivileged user.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-fund --no-audit
COPY . .
RUN npm run build \
  && npm prune --omit=dev --no-fund --no-audit

FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-dejavu-core ca-certificates tini \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 10001 cairn \
  && useradd --system --uid 10001 --gid cairn --home-dir /app --shell /usr/sbin/nologin cairn \
  && mkdir -p /data \
  && chown cairn:cairn /data
WORKDIR /app
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000 \
  DATABASE_URL=/data/cairn.db \
  CHROMIUM_PATH=/usr/bin/chromium
# Owned by root and read-only to the service: the code cannot be changed by the process running it.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/scripts/dist.js /app/scripts/start.js /app/scripts/build.js ./scripts/
USER cairn
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/main/server.js"]
