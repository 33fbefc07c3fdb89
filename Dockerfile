# syntax=docker/dockerfile:1
# One image for the gateway and the five agency subgraphs; compose.yaml runs them together.
#   docker build -t edu-federation-gateway .
# Not built on the machine this was written on (no Docker engine there): see the README, "Containers".

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile the TypeScript and bundle GraphiQL, with the dev dependencies ----
FROM ${NODE_IMAGE} AS build
ENV APOLLO_TELEMETRY_DISABLED=true
WORKDIR /app
# better-sqlite3 compiles from source where no prebuilt binary fits this platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY common ./common
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY intel ./intel
COPY schema ./schema
COPY policies ./policies
COPY scripts ./scripts
RUN npm run build

# ---- runtime: production dependencies only, compiled code, the supergraph and the policies ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    APOLLO_TELEMETRY_DISABLED=true \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/data \
    AUDIT_DIR=/data/audit
WORKDIR /app
COPY package.json package-lock.json ./
# The compiler is needed only while better-sqlite3 installs; it leaves in the same layer.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && npm ci --omit=dev \
 && npm cache clean --force \
 && apt-get purge -y --auto-remove python3 make g++ \
 && rm -rf /var/lib/apt/lists/* /root/.cache /tmp/*
COPY --from=build /app/dist ./dist
COPY schema/supergraph.graphql ./schema/
COPY policies/*.json ./policies/
COPY policies/persisted-operations ./policies/persisted-operations
# State machines, deadlines, calendars, the credit scheme and the risk rules: read at start-up.
COPY rules ./rules
RUN mkdir -p /data/audit && chown -R node:node /data
USER node
VOLUME /data
EXPOSE 4000
# Every process of this image (gateway or subgraph) answers GET /health on its PORT.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/gateway/main.js"]
