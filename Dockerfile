# Concord's HTTP API and CLI in one image. Build: docker build -t concord .
# Run (embedded store): docker run -p 3000:3000 -v concord-data:/data concord
# Run (EventStoreDB):   docker run -p 3000:3000 -e CONCORD_STORE=esdb -e CONCORD_ESDB_URL=esdb://host:2113?tls=false concord
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY events events
COPY projections projections
COPY src src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    CONCORD_HOST=0.0.0.0 \
    PORT=3000 \
    CONCORD_SQLITE_PATH=/data/concord.db
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY seed seed
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/state').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "--max-semi-space-size=64", "--semi-space-growth-factor=8", "dist/src/cli/main.js"]
CMD ["serve"]
