# One image for every service of the platform; each container runs one of them:
#   docker run … oms node dist/apps/<service>/src/main.js
# (docker-compose.yml and deploy/kubernetes/ set the command per service).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# SWC transpile of apps/ and libs/ to dist/ (tools/build/compile.cjs), then drop dev dependencies.
RUN node tools/build/compile.cjs && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/deploy/probe.cjs ./deploy/probe.cjs
USER node
# The gateway by default; every other service is the same image with another command.
EXPOSE 3000 4100-4108
CMD ["node", "--enable-source-maps", "--max-semi-space-size=4", "--max-old-space-size=160", "dist/apps/gateway/src/main.js"]
