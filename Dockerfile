# One image per service, from one file: docker build --build-arg SERVICE=producer .
# Stages: build everything once, then install only the chosen service's production
# dependencies, then a slim runtime that runs as the unprivileged `node` user.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY tools/eslint-rules/package.json tools/eslint-rules/
COPY infra/local/package.json infra/local/
COPY deploy/package.json deploy/
COPY libs/kafka/package.json libs/kafka/
COPY libs/schemas/package.json libs/schemas/
COPY libs/observability/package.json libs/observability/
COPY libs/testing/package.json libs/testing/
COPY libs/eventsourcing/package.json libs/eventsourcing/
COPY libs/streams/package.json libs/streams/
COPY examples/seat-reservation/package.json examples/seat-reservation/
COPY services/producer/package.json services/producer/
COPY services/aggregator/package.json services/aggregator/
COPY services/projection/package.json services/projection/
COPY tests/system/package.json tests/system/
RUN npm ci --ignore-scripts
COPY libs libs
COPY services services
COPY schemas schemas
# Turbo builds a service's dev dependencies too (the test harness, and the stack it imports).
COPY infra/local infra/local
COPY tools tools
RUN npx turbo run build --filter='./services/*'

FROM ${NODE_IMAGE} AS production-dependencies
ARG SERVICE
WORKDIR /app
RUN test -n "${SERVICE}" || (echo "build with --build-arg SERVICE=producer|aggregator|projection" && exit 1)
COPY package.json package-lock.json ./
COPY libs libs
COPY services services
COPY deploy/docker/production-manifest.mjs deploy/docker/
# Only the service and the libraries it imports, without dev dependencies; versions from the lock.
RUN node deploy/docker/production-manifest.mjs "${SERVICE}" \
 && npm install --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
# In a container every service listens on 8080; the host side is mapped per service.
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080
WORKDIR /app
COPY --from=production-dependencies --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/libs/kafka/package.json libs/kafka/
COPY --from=build --chown=node:node /app/libs/kafka/dist libs/kafka/dist
COPY --from=build --chown=node:node /app/libs/schemas/package.json libs/schemas/
COPY --from=build --chown=node:node /app/libs/schemas/dist libs/schemas/dist
COPY --from=build --chown=node:node /app/libs/observability/package.json libs/observability/
COPY --from=build --chown=node:node /app/libs/observability/dist libs/observability/dist
COPY --from=build --chown=node:node /app/libs/eventsourcing/package.json libs/eventsourcing/
COPY --from=build --chown=node:node /app/libs/eventsourcing/dist libs/eventsourcing/dist
COPY --from=build --chown=node:node /app/libs/streams/package.json libs/streams/
COPY --from=build --chown=node:node /app/libs/streams/dist libs/streams/dist
COPY --from=build --chown=node:node /app/services/${SERVICE}/package.json service/
COPY --from=build --chown=node:node /app/services/${SERVICE}/dist service/dist
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HTTP_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "service/dist/main.js"]
