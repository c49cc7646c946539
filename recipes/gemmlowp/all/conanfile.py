import os

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.files import copy
from conan.tools.layout import basic_layout
from conan.tools.scm import Git

required_conan_version = ">=2.2"


class GemmlowpConan(ConanFile):
    name = "gemmlowp"
    description = "gemmlowp's fixed-point headers, as TensorFlow Lite Micro uses them (sources)"
    license = "Apache-2.0"
    url = "https://github.com/google/gemmlowp"
    homepage = "https://github.com/google/gemmlowp"
    topics = ("fixed-point", "tflite-micro")
    package_type = "header-library"
    no_copy_source = True

    def layout(self):
        basic_layout(self, src_folder="src")

    def package_id(self):
        self.info.clear()

    def source(self):
        pin = self.conan_data["sources"][self.version]
        git = Git(self)
        # TFLM needs fixedpoint/ and the platform detection it includes (its sources.inc lists
        # exactly these); the GEMM library itself is not used, so it is not fetched.
        git.clone(url=pin["url"], target=".", args=["--no-checkout", "--filter=blob:none"])
        git.run("sparse-checkout set --no-cone /fixedpoint/ /internal/detect_platform.h /LICENSE")
        git.checkout(commit=pin["commit"])
        if git.get_commit() != pin["commit"]:
            raise ConanException(f"{pin['url']} is at {git.get_commit()}, the pin says {pin['commit']}")

    def package(self):
        include = os.path.join(self.package_folder, "include")
        copy(self, "fixedpoint/*.h", self.source_folder, include)
        copy(self, "internal/detect_platform.h", self.source_folder, include)
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
