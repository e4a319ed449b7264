# The unshadow image: the CLI, the worker and the server in one.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Without scripts: the build (npm's prepare) needs the sources, copied next and built after them.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production UNSHADOW_HOME=/data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# The data folder (uploaded exports, alert files) belongs to the user the processes run as; a
# named volume mounted here starts with this ownership.
RUN mkdir -p /data && chown node:node /data
USER node
ENTRYPOINT ["node", "bin/unshadow.js"]
CMD ["--help"]
