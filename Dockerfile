# One image for api, worker and CLI; docker-compose.yml picks the command.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json .swcrc nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
# The web console (apps/web) reads the rule-set JSON Schema at build time.
COPY rules ./rules
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 TZ=Asia/Shanghai
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY seeds ./seeds
COPY rules ./rules
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
