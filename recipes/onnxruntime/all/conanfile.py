import os

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.files import copy, get, patch, save
from conan.tools.layout import basic_layout
from conan.tools.scm import Git

required_conan_version = ">=2.2"


class OnnxRuntimeConan(ConanFile):
    name = "onnxruntime"
    description = ("ONNX Runtime: Microsoft's inference engine (sources and its dependencies, built by edgebench's "
                   "CMake step)")
    license = "MIT"
    url = "https://github.com/microsoft/onnxruntime"
    homepage = "https://onnxruntime.ai"
    topics = ("machine-learning", "inference", "onnx")
    package_type = "header-library"
    no_copy_source = True

    def layout(self):
        basic_layout(self, src_folder="src")

    def package_id(self):
        self.info.clear()

    def source(self):
        pins = self.conan_data["sources"][self.version]
        get(self, **pins["onnxruntime"], strip_root=True)
        for name, pin in pins["dependencies"].items():
            place = os.path.join(self.source_folder, "_deps", name)
            if "git" in pin:
                git = Git(self, folder=place)
                git.clone(url=pin["git"], target=".", args=["--no-checkout", "--filter=blob:none"])
                git.checkout(commit=pin["commit"])
                if git.get_commit() != pin["commit"]:
                    raise ConanException(f"{pin['git']} is at {git.get_commit()}, the pin says {pin['commit']}")
            else:
                get(self, url=pin["url"], sha256=pin["sha256"], strip_root=True, destination=place)
        for name, patch_file in pins["dependency_patches"].items():
            patch(self, patch_file=os.path.join(self.source_folder, patch_file),
                  base_path=os.path.join(self.source_folder, "_deps", name), fuzz=True)

    def package(self):
        # The source tree its CMake builds, without the other languages' bindings, the docs and the
        # GPU kernels (contrib_ops/cuda alone is 200 MB) that a CPU build never reads.
        skipped = ["csharp", "java", "js", "objectivec", "rust", "winml", "docs", "samples", "dockerfiles",
                   "onnxruntime/test", "onnxruntime/contrib_ops/cuda", "onnxruntime/contrib_ops/rocm", "_deps/*/.git"]
        copy(self, "*", self.source_folder, self.package_folder,
             excludes=[pattern for name in skipped for pattern in (name, f"{name}/*")])
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        save(self, os.path.join(self.package_folder, "requirements.txt"),
             "\n".join(self.conan_data["sources"][self.version]["python_requirements"]) + "\n")

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.includedirs = []
