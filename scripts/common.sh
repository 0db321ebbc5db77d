# Shared by scripts/run and scripts/test: install what is missing, configure, build.
set -euo pipefail

LEADLINE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LEADLINE_BUILD="${LEADLINE_BUILD:-$LEADLINE_ROOT/build}"

LEADLINE_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev libqt6opengl6-dev qt6-charts-dev libqt6sql6-sqlite libqt6sql6-psql qt6-tools-dev
    qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libgl-dev
    catch2 postgresql-15 libpq-dev libsqlite3-dev libphonenumber-dev libicu-dev qtkeychain-qt6-dev libxlsxwriter-dev libzip-dev
    xvfb xauth fonts-noto-cjk baresip-core
    clang libclang-rt-14-dev
)

leadline_install_packages() {
    local missing=()
    local package
    for package in "${LEADLINE_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    echo "Installing missing packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

leadline_configure() {
    local extra=()
    if [ "${CI:-}" = "true" ]; then
        extra+=(-DLEADLINE_WARNINGS_AS_ERRORS=ON)
    fi
    if command -v ccache >/dev/null; then # optional: rebuilds reuse what was compiled before
        extra+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    fi
    if [ ! -f "$LEADLINE_BUILD/build.ninja" ]; then
        cmake -S "$LEADLINE_ROOT" -B "$LEADLINE_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${extra[@]}"
    fi
}

leadline_build() {
    leadline_configure
    cmake --build "$LEADLINE_BUILD" --parallel "$(nproc)"
}
