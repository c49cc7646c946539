import glob
import os
import re
import shutil

from conan import ConanFile
from conan.errors import ConanException, ConanInvalidConfiguration
from conan.tools.files import copy, save
from conan.tools.layout import basic_layout
from conan.tools.scm import Git

required_conan_version = ">=2.2"

# The compiler microTVM needs and nothing else: the C and CMSIS-NN code generators, the
# ahead-of-time executor and the C runtime's sources; LLVM for the host-side constant folding.
CMAKE_OPTIONS = {
    "CMAKE_BUILD_TYPE": "Release",
    "USE_LLVM": "llvm-config-14",
    "USE_MICRO": "ON",
    "USE_MICRO_STANDALONE_RUNTIME": "ON",
    "USE_CMSISNN": "ON",
    "USE_LIBBACKTRACE": "OFF",
    "USE_GTEST": "OFF",
    "USE_CCACHE": "OFF",
}
# Where cmake/unity_batches.cmake writes its batches (each a translation unit of several sources).
BATCHES = "eb_batches"


class TvmConan(ConanFile):
    name = "tvm"
    description = "Apache TVM, built as the microTVM compiler (tvmc) with its C runtime sources"
    license = "Apache-2.0"
    url = "https://github.com/apache/tvm"
    homepage = "https://tvm.apache.org"
    topics = ("machine-learning", "compiler", "microtvm", "embedded")
    package_type = "application"
    settings = "os", "arch", "build_type"
    exports = "cmake/*"

    def requirements(self):
        # The CMSIS-NN its cmsis-nn code generator calls (docker/install/ubuntu_install_cmsis.sh).
        self.requires("cmsis-nn/4.1.0")

    def validate(self):
        if self.settings.os != "Linux":
            raise ConanInvalidConfiguration("edgebench builds TVM on Linux hosts only")
        for program in ("cmake", "ninja", "llvm-config-14"):
            if not shutil.which(program):
                raise ConanInvalidConfiguration(
                    f"building TVM needs {program} on PATH (Debian: apt install cmake ninja-build llvm-14-dev)")

    def layout(self):
        basic_layout(self, src_folder="src")

    def source(self):
        pin = self.conan_data["sources"][self.version]
        for path, repo in [(".", pin), *pin["submodules"].items()]:
            git = Git(self, folder=path)
            git.clone(url=repo["url"], target=".", args=["--no-checkout", "--filter=blob:none"])
            git.checkout(commit=repo["commit"])
            if git.get_commit() != repo["commit"]:
                raise ConanException(f"{repo['url']} is at {git.get_commit()}, the pin says {repo['commit']}")

    def build(self):
        # A batch that another compiler finds a new name clash in is retried with its sources alone:
        # batches are numbered per directory (cmake/unity_batches.cmake), so only that batch recompiles.
        alone = []
        for attempt in range(3):
            self._configure(alone)
            try:
                self.run(f'cmake --build "{self.build_folder}" -- -k 0 -j{os.cpu_count()}')
                return
            except ConanException:
                failed = self._failed_batches()
                if not failed or attempt == 2:
                    raise
                self.output.warning(f"{len(failed)} batch(es) did not compile; compiling their sources alone: "
                                    + ", ".join(source for sources in failed.values() for source in sources))
                alone += [source for sources in failed.values() for source in sources]

    def _configure(self, alone):
        batches = os.path.join(self.recipe_folder, "cmake", "unity_batches.cmake")
        options = {**CMAKE_OPTIONS, "CMAKE_PROJECT_INCLUDE": batches, "EB_ALONE_FOUND": ";".join(alone)}
        defines = " ".join(f'-D{key}="{value}"' for key, value in options.items())
        self.run(f'cmake -G Ninja -S "{self.source_folder}" -B "{self.build_folder}" {defines}')

    def _failed_batches(self):
        """{batch: its sources} of every batch a `-k 0` build left without an object."""
        failed = {}
        for batch in glob.glob(os.path.join(self.build_folder, BATCHES, "*.cc")):
            name = os.path.basename(batch)
            if not glob.glob(os.path.join(self.build_folder, "CMakeFiles", "*.dir", BATCHES, name + ".o")):
                with open(batch, encoding="utf-8") as text:
                    failed[name] = [os.path.relpath(path, self.source_folder)
                                    for path in re.findall(r'#include "([^"]+)"', text.read())]
        return failed

    def package(self):
        for lib in ("libtvm.so", "libtvm_runtime.so"):
            copy(self, lib, self.build_folder, os.path.join(self.package_folder, "lib"))
            self.run(f'strip --strip-unneeded "{os.path.join(self.package_folder, "lib", lib)}"')
        # tvm.micro finds the C runtime and the CRT project template beside libtvm (python/tvm/micro/
        # build.py); tvmc's Model Library Format export takes files of both.
        for folder in ("standalone_crt", "microtvm_template_projects"):
            copy(self, "*", os.path.join(self.build_folder, folder), os.path.join(self.package_folder, "lib", folder))
        copy(self, "*", os.path.join(self.source_folder, "python", "tvm"),
             os.path.join(self.package_folder, "python", "tvm"), excludes=["*.pyc", "__pycache__"])
        # tvmc's target and executor settings (found beside lib/, python/tvm/driver/tvmc/config_options.py)
        copy(self, "*.json", os.path.join(self.source_folder, "configs"), os.path.join(self.package_folder, "configs"))
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        save(self, os.path.join(self.package_folder, "requirements.txt"),
             "\n".join(self.conan_data["sources"][self.version]["python_requirements"]) + "\n")

    def package_info(self):
        self.cpp_info.includedirs = []
        self.cpp_info.libdirs = ["lib"]
        lib = os.path.join(self.package_folder, "lib")
        self.runenv_info.define_path("TVM_LIBRARY_PATH", lib)
        self.runenv_info.prepend_path("PYTHONPATH", os.path.join(self.package_folder, "python"))
        # Otherwise tvmc downloads AutoTVM's tuning logs from GitHub on first use.
        self.runenv_info.define("TOPHUB_LOCATION", "NONE")
