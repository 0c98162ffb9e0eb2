#!/usr/bin/env python3
"""Assembles Shiplog's local base image (docker-archive tar) from the build machine, for machines that cannot pull one.

The image has the layout of eclipse-temurin's JRE images, which production builds use instead
(-Dshiplog.image.base=eclipse-temurin:17-jre): a jlink'ed Java runtime in /opt/java/openjdk on the PATH, the shared
libraries it and native code in the services need (glibc, libstdc++, zlib), /bin/sh and curl for health checks, CA certificates, a non-root user shiplog (65532) and a
world-writable /tmp. Usage: build-base-image.py OUTPUT_TAR [JAVA_HOME]
"""
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

MODULES = ",".join([
    "java.se", "jdk.unsupported", "jdk.crypto.ec", "jdk.crypto.cryptoki", "jdk.management", "jdk.management.agent",
    "jdk.jfr", "jdk.zipfs", "jdk.naming.dns", "jdk.net", "jdk.security.auth", "jdk.security.jgss", "jdk.charsets",
    "jdk.localedata", "jdk.httpserver", "jdk.jdwp.agent", "jdk.attach", "jdk.jcmd",
])
RUNTIME = "opt/java/openjdk"
PROGRAMS = ["/bin/sh", "/usr/bin/curl"]
# shared libraries native code in the services' jars loads (sqlite-jdbc needs libpthread.so.0, snappy libstdc++), as a
# distribution's base image has them: the C runtime, the GCC and C++ runtimes, zlib
RUNTIME_PACKAGES = ["libc6", "libgcc-s1", "libstdc++6", "zlib1g"]
USER_ID = 65532


def run(*command):
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def elf_files(root):
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                with open(path, "rb") as f:
                    if f.read(4) == b"\x7fELF":
                        yield path


def shared_libraries(binaries, runtime_lib):
    """Every library the binaries load, resolved by the build machine's dynamic linker (without the runtime's own)."""
    libraries = set()
    env = dict(os.environ, LD_LIBRARY_PATH=":".join([runtime_lib, os.path.join(runtime_lib, "server")]))
    for binary in binaries:
        result = subprocess.run(["ldd", binary], capture_output=True, text=True, env=env)
        for line in result.stdout.splitlines():
            parts = line.split()
            path = parts[2] if "=>" in parts and len(parts) > 2 else parts[0]
            if path.startswith("/") and not os.path.realpath(path).startswith(runtime_lib):
                libraries.add(path)
    return sorted(libraries)


def package_libraries():
    """The shared objects of RUNTIME_PACKAGES as installed on the build machine (none without dpkg)."""
    if not shutil.which("dpkg"):
        return []
    listed = subprocess.run(["dpkg", "-L"] + RUNTIME_PACKAGES, capture_output=True, text=True).stdout
    return [path for path in listed.splitlines()
            if ".so" in os.path.basename(path) and "/lib" in path and os.path.isfile(path)
            and not path.startswith("/usr/share")]


def add_file(layer, source, name):
    info = layer.gettarinfo(source, arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    info.mtime = 0
    if info.isfile():
        with open(source, "rb") as f:
            layer.addfile(info, f)
    else:
        layer.addfile(info)


def add_parents(layer, name, seen):
    parts = name.split("/")[:-1]
    for i in range(1, len(parts) + 1):
        directory = "/".join(parts[:i])
        if directory not in seen:
            seen.add(directory)
            add_directory(layer, directory, 0o755, 0)


def add_directory(layer, name, mode, owner):
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    info.mode = mode
    info.uid = info.gid = owner
    layer.addfile(info)


def add_text(layer, name, text, mode=0o644):
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = mode
    layer.addfile(info, io.BytesIO(data))


def add_tree(layer, root, prefix, seen):
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        relative = os.path.relpath(directory, root)
        base = prefix if relative == "." else f"{prefix}/{relative}"
        if base not in seen:
            seen.add(base)
            add_file(layer, directory, base)
        for name in sorted(names):
            add_file(layer, os.path.join(directory, name), f"{base}/{name}")


def add_symlink(layer, name, target):
    info = tarfile.TarInfo(name)
    info.type = tarfile.SYMTYPE
    info.linkname = target
    info.mode = 0o777
    layer.addfile(info)


def add_host_file(layer, path, seen):
    """A host file's content under the name asked for, in its directory with symlinked directories resolved."""
    real = os.path.realpath(path)
    name = os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path)).lstrip("/")
    add_parents(layer, name, seen)
    if name in seen:
        return
    seen.add(name)
    add_file(layer, real, name)


def build_layer(java_home, work):
    runtime = os.path.join(work, "runtime")
    run(os.path.join(java_home, "bin", "jlink"), "--add-modules", MODULES, "--strip-debug", "--no-man-pages",
        "--no-header-files", "--compress=2", "--output", runtime)
    cacerts = os.path.join(runtime, "lib", "security", "cacerts")
    host_cacerts = os.path.realpath(os.path.join(java_home, "lib", "security", "cacerts"))
    if os.path.isfile(host_cacerts):
        shutil.copyfile(host_cacerts, cacerts)
    binaries = list(elf_files(runtime)) + [os.path.realpath(p) for p in PROGRAMS]
    libraries = sorted(set(shared_libraries(binaries, os.path.join(runtime, "lib")) + package_libraries()))
    layer_path = os.path.join(work, "layer.tar")
    seen = set()
    with tarfile.open(layer_path, "w", format=tarfile.PAX_FORMAT) as layer:
        for top in ["bin", "sbin", "lib", "lib64"]:  # merged /usr as on the build machine
            if os.path.islink("/" + top):
                seen.add(top)
                add_symlink(layer, top, os.readlink("/" + top))
        for directory, mode, owner in [("etc", 0o755, 0), ("home", 0o755, 0),
                                       ("home/shiplog", 0o755, USER_ID), ("tmp", 0o1777, 0), ("opt", 0o755, 0),
                                       ("opt/java", 0o755, 0), ("usr", 0o755, 0), ("usr/bin", 0o755, 0),
                                       ("var", 0o755, 0), ("var/lib", 0o755, 0),
                                       ("var/lib/shiplog", 0o755, USER_ID)]:
            seen.add(directory)
            add_directory(layer, directory, mode, owner)
        add_tree(layer, runtime, RUNTIME, seen)
        for program in PROGRAMS:
            add_host_file(layer, program, seen)
        for library in libraries:
            add_host_file(layer, library, seen)
        if os.path.isfile("/etc/ssl/certs/ca-certificates.crt"):
            add_host_file(layer, "/etc/ssl/certs/ca-certificates.crt", seen)
        add_text(layer, "etc/passwd", f"root:x:0:0:root:/root:/bin/sh\nshiplog:x:{USER_ID}:{USER_ID}:Shiplog:"
                                      f"/home/shiplog:/bin/sh\n")
        add_text(layer, "etc/group", f"root:x:0:\nshiplog:x:{USER_ID}:\n")
        add_text(layer, "etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n")
    return layer_path


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def java_version(java_home):
    with open(os.path.join(java_home, "release")) as f:
        for line in f:
            if line.startswith("JAVA_VERSION="):
                return line.split("=", 1)[1].strip().strip('"')
    return "unknown"


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: build-base-image.py OUTPUT_TAR [JAVA_HOME]")
    output = sys.argv[1]
    java_home = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("JAVA_HOME") or os.path.dirname(
        os.path.dirname(os.path.realpath(shutil.which("java"))))
    inputs = [os.path.abspath(__file__), os.path.join(java_home, "release")]
    if os.path.isfile(output) and all(os.path.getmtime(output) > os.path.getmtime(i) for i in inputs):
        print(f"base image: {output} is up to date")
        return
    with tempfile.TemporaryDirectory() as work:
        layer_path = build_layer(java_home, work)
        layer_digest = sha256(layer_path)
        version = java_version(java_home)
        config = {
            "architecture": "amd64", "os": "linux",
            "config": {
                "User": str(USER_ID),
                "Env": ["PATH=/opt/java/openjdk/bin:/usr/local/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java/openjdk",
                        f"JAVA_VERSION={version}", "HOME=/home/shiplog", "LANG=C.UTF-8"],
                "WorkingDir": "/",
                "Labels": {"org.opencontainers.image.title": "shiplog-local-base",
                           "org.opencontainers.image.description":
                               f"Java {version} runtime assembled on the build machine (production: eclipse-temurin)"},
            },
            "rootfs": {"type": "layers", "diff_ids": [f"sha256:{layer_digest}"]},
            "history": [{"created_by": "images/base/build-base-image.py"}],
        }
        config_bytes = json.dumps(config, sort_keys=True).encode()
        config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
        manifest = [{"Config": config_name, "RepoTags": ["shiplog/base:local"], "Layers": [f"{layer_digest}/layer.tar"]}]
        os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
        partial = output + ".partial"
        with tarfile.open(partial, "w") as image:
            image.add(layer_path, arcname=f"{layer_digest}/layer.tar")
            for name, data in [(config_name, config_bytes), ("manifest.json", json.dumps(manifest).encode())]:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                image.addfile(info, io.BytesIO(data))
        os.replace(partial, output)
        print(f"base image: {output} (java {version}, layer {os.path.getsize(layer_path) // (1 << 20)} MiB)")


if __name__ == "__main__":
    main()
