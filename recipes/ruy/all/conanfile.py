import os

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.files import copy
from conan.tools.layout import basic_layout
from conan.tools.scm import Git

required_conan_version = ">=2.2"


class RuyConan(ConanFile):
    name = "ruy"
    description = "ruy's profiler instrumentation header, as TensorFlow Lite Micro includes it (sources)"
    license = "Apache-2.0"
    url = "https://github.com/google/ruy"
    homepage = "https://github.com/google/ruy"
    topics = ("profiling", "tflite-micro")
    package_type = "header-library"
    no_copy_source = True

    def layout(self):
        basic_layout(self, src_folder="src")

    def package_id(self):
        self.info.clear()

    def source(self):
        pin = self.conan_data["sources"][self.version]
        git = Git(self)
        # TFLM's shared kernels include only ruy/profiler/instrumentation.h (its sources.inc lists
        # that one header; without RUY_PROFILER it defines empty scope macros).
        git.clone(url=pin["url"], target=".", args=["--no-checkout", "--filter=blob:none"])
        git.run("sparse-checkout set --no-cone /ruy/profiler/instrumentation.h /LICENSE")
        git.checkout(commit=pin["commit"])
        if git.get_commit() != pin["commit"]:
            raise ConanException(f"{pin['url']} is at {git.get_commit()}, the pin says {pin['commit']}")

    def package(self):
        copy(self, "ruy/profiler/instrumentation.h", self.source_folder, os.path.join(self.package_folder, "include"))
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
