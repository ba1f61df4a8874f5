# syntax=docker/dockerfile:1
# Phylo's container image: the SDK stage publishes the self-contained single binary (the same command README.md
# documents and .ci/run tests); the runtime stage is the slim runtime-deps base, the binary, the fonts figures need,
# and a non-root user. The entry point is phylo, so a container's args are phylo's:
#   docker build -t phylo .
#   docker run --rm -v "$PWD/data:/data" phylo run --models 100000 --out /data/phylo-out
# Kubernetes, Slurm (via Apptainer/Singularity) and AWS Batch use it as deploy/ describes.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TARGETARCH
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN rid="linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" \
 && dotnet publish src/Phylo.Cli -c Release -r "$rid" --self-contained -p:PublishSingleFile=true -o /out \
 && rm -f /out/*.pdb \
 && /out/phylo --version

FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION} AS runtime
# SkiaSharp draws the figures' text through fontconfig with a TrueType font.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libfontconfig1 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/phylo /usr/local/bin/phylo
# The .NET images' unprivileged user (uid 1654); the single binary unpacks its native libraries under its home.
USER $APP_UID
WORKDIR /data
ENTRYPOINT ["phylo"]
CMD ["--help"]
