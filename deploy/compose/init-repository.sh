#!/bin/sh
# docker-compose.yml's git-init: creates the config repository fleet.git once, with a first commit holding an
# example application in clusters/local (the k3s profile's cluster applies it).
set -eu
repo=/srv/git/fleet.git
if [ -d "$repo" ]; then
  exit 0
fi
git init --quiet --bare --initial-branch=main "$repo"
work=$(mktemp -d)
git init --quiet --initial-branch=main "$work"
mkdir -p "$work/clusters/local"
cat > "$work/clusters/local/app.yaml" <<'YAML'
apiVersion: v1
kind: Namespace
metadata:
  name: apps
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: apps
spec:
  replicas: 1
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
      containers:
        - name: app
          image: localhost:5000/app:1.0.0 # {"$shiplog": "semver:^1"}
YAML
git -C "$work" add .
git -C "$work" -c user.name=Shiplog -c user.email=shiplog@localhost commit --quiet -m "An example application"
git -C "$work" push --quiet "$repo" main
rm -rf "$work"
