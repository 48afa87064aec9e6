# syntax=docker/dockerfile:1
# Guichet in a container, for those who host containers rather than the App Service of infra/.
# Stage 1 compiles TypeScript with the dev dependencies; stage 2 is node:20-slim with dist/, config/
# and the production dependencies only, run as the unprivileged `node` user.
#   docker build -t guichet .
#   docker run -p 3978:3978 --env-file guichet.env guichet      (README "Deploy")

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --include=dev --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY cards ./cards
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    PORT=3978 \
    GUICHET_DATA_DIR=/home/node/data
WORKDIR /app
# Owned by root and read-only to the app; only its data folder is writable.
COPY --from=build /app/package.json /app/package-lock.json /app/.npmrc ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config
RUN mkdir -p /home/node/data && chown node:node /home/node/data
USER node
EXPOSE 3978
# slim has no curl: Node's own fetch asks /healthz (200 alive, otherwise unhealthy).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself as PID 1 (not npm), so `docker stop`'s SIGTERM reaches Guichet's clean stop.
CMD ["node", "--disable-warning=DEP0111", "--max-semi-space-size=64", "--min-semi-space-size=16", "dist/src/index.js"]
