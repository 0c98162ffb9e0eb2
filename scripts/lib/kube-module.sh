# Sourced by envtest-assets.sh and kubectl-binary.sh: building a command of k8s.io/kubernetes from the Go module
# proxy. k8s.io/kubernetes replaces its staging modules with local directories, so a wrapper module pins them.
# Needs KUBE_VERSION (e.g. 1.34.4) set by the caller.

kube_minor="${KUBE_VERSION#*.}"; kube_minor="${kube_minor%%.*}"

# Writes the go.mod of a wrapper module named $2 that requires k8s.io/kubernetes into directory $1.
kube_wrapper_module() {
  local dir="$1" name="$2" staging_version="v0.${KUBE_VERSION#*.}" m
  local staging=(api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider
    cluster-bootstrap code-generator component-base component-helpers controller-manager cri-api
    cri-client csi-translation-lib dynamic-resource-allocation endpointslice externaljwt kms
    kube-aggregator kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics
    mount-utils pod-security-admission sample-apiserver sample-cli-plugin sample-controller)
  if (( kube_minor >= 36 )); then staging+=(cri-streaming streaming); fi
  mkdir -p "$dir"
  {
    echo "module $name"
    echo
    echo "go 1.24"
    echo
    echo "require k8s.io/kubernetes v${KUBE_VERSION}"
    echo
    echo "replace ("
    for m in "${staging[@]}"; do echo "	k8s.io/$m => k8s.io/$m $staging_version"; done
    echo ")"
  } > "$dir/go.mod"
}

# Prints the -ldflags that stamp KUBE_VERSION into each version package given (what `version` commands print).
kube_version_ldflags() {
  local ldflags="-s -w" pkg var
  for pkg in "$@"; do
    for var in "gitVersion=v${KUBE_VERSION}" "gitMajor=1" "gitMinor=${kube_minor}" "gitTreeState=clean" \
               "buildDate=1970-01-01T00:00:00Z"; do
      ldflags+=" -X ${pkg}.${var}"
    done
  done
  echo "$ldflags"
}
