# syntax=docker/dockerfile:1
# One image for every Keyward process; docker-compose.yml picks the command
# (web: server.ts, worker: workers/index.ts, migrate: scripts/container-setup.ts).

ARG NODE_VERSION=20

# --- dependencies (and the native addons they build)
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 \
    npm_config_nodedir=/usr/local
# pkcs11js compiles at install time (node-gyp, against the image's own Node headers, so no
# header download); the toolchain stays in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# What `npm install` and its postinstall (prisma generate) read; sources come later so that
# editing them does not invalidate this layer.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma/schema.prisma ./prisma/schema.prisma
COPY scripts/prisma-generate.ts ./scripts/prisma-generate.ts
# `npm install`, not `npm ci`: see docs (the lock file omits other platforms' optional builds).
RUN npm install --no-audit --no-fund

# --- the production build
FROM deps AS build
COPY . .
RUN npm run build

# --- runtime: no compilers, a non-root user, only .next/cache and .data writable
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 KEYWARD_DATA_DIR=/app/.data
COPY --from=build /app /app
RUN mkdir -p /app/.data /app/.next/cache \
 && chown -R node:node /app/.data /app/.next/cache
USER node
EXPOSE 3000
CMD ["node", "--conditions=react-server", "--import", "tsx", "server.ts", "-H", "0.0.0.0", "-p", "3000"]
