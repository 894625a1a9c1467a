# syntax=docker/dockerfile:1
#
# onegrid's one image: the main job (`ONEGRID_ROLE=all|processors|server`), the migration and
# cluster-DDL CLIs and the simulator, all from the same tree. Node 24 strips TypeScript types at
# run time, so there is no compile step: the image runs the sources. Only the screens are built.
#
#   docker build -t onegrid .
#   docker run --rm -p 8080:8080 -e KAFKA_BROKERS=… -e CLICKHOUSE_URL=… -e ONEGRID_TOKENS=… onegrid
#
# Not built on the machine this was written on (it has no Docker engine); see docs/deployment.md.
#
# linux/amd64 only, on purpose: pnpm-lock.yaml holds chDB's engine for linux-x64-gnu alone
# (@chdb/lib-linux-x64-gnu), and @onegrid/store imports chdb when it loads, so on another
# architecture the process would fail at start-up even with CLICKHOUSE_URL set.
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: every dependency (vite for the screens), then the screens ---------------------------
FROM --platform=linux/amd64 ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true \
    PNPM_HOME=/pnpm \
    PATH=/pnpm:$PATH
# pnpm at exactly the version package.json names in `packageManager` (from the npm registry, as
# infra/toolchain/env.sh does; corepack is being removed from Node).
COPY package.json ./
RUN npm install --global --no-audit --no-fund "$(node -p "require('./package.json').packageManager.split('+')[0]")" \
    && pnpm --version
# The lockfile alone decides what is fetched: this layer is reused until it changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN --mount=type=cache,id=onegrid-pnpm-store,target=/pnpm/store \
    pnpm config set store-dir /pnpm/store \
    && pnpm fetch
COPY . .
RUN --mount=type=cache,id=onegrid-pnpm-store,target=/pnpm/store \
    pnpm config set store-dir /pnpm/store \
    && pnpm install --frozen-lockfile --prod=false --offline
RUN pnpm --filter @onegrid/screens build

# ---- prod-deps: the same tree with runtime dependencies only (no vite, biome, typescript) -------
FROM --platform=linux/amd64 ${NODE_IMAGE} AS prod-deps
WORKDIR /app
ENV CI=true \
    PNPM_HOME=/pnpm \
    PATH=/pnpm:$PATH
COPY package.json ./
RUN npm install --global --no-audit --no-fund "$(node -p "require('./package.json').packageManager.split('+')[0]")"
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN --mount=type=cache,id=onegrid-pnpm-store,target=/pnpm/store \
    pnpm config set store-dir /pnpm/store \
    && pnpm fetch --prod
COPY . .
RUN --mount=type=cache,id=onegrid-pnpm-store,target=/pnpm/store \
    pnpm config set store-dir /pnpm/store \
    && pnpm install --frozen-lockfile --prod --offline
COPY --from=build /app/dashboards/screens/dist ./dashboards/screens/dist

# ---- runtime ------------------------------------------------------------------------------------
FROM --platform=linux/amd64 ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    ONEGRID_HTTP_HOST=0.0.0.0 \
    ONEGRID_HTTP_PORT=8080 \
    ONEGRID_CHDB_PATH=/app/.onegrid/chdb
# Sources and node_modules belong to root and are read-only for the process; the one place it
# writes is the embedded engine's folder (unused when CLICKHOUSE_URL is set; mount a volume on
# /app/.onegrid to keep embedded data).
COPY --from=prod-deps /app /app
RUN mkdir -p /app/.onegrid/chdb && chown -R node:node /app/.onegrid
USER node
EXPOSE 8080
# No HEALTHCHECK here: Compose and Kubernetes probe `/health/live` and `/health` (processors'
# ops port) or `/health/ready` (server), which every role serves on ONEGRID_HTTP_PORT.
CMD ["node", "packages/app/src/main.ts"]
