import os

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.files import copy
from conan.tools.layout import basic_layout
from conan.tools.scm import Git

required_conan_version = ">=2.2"


class CmsisNnConan(ConanFile):
    name = "cmsis-nn"
    description = "CMSIS-NN: Arm's neural network kernels for Cortex-M (sources)"
    license = "Apache-2.0"
    url = "https://github.com/ARM-software/CMSIS-NN"
    homepage = "https://github.com/ARM-software/CMSIS-NN"
    topics = ("machine-learning", "cortex-m", "tflite-micro")
    package_type = "header-library"
    no_copy_source = True
    # No requirement on CMSIS_6: nothing in Include/ or Source/ includes a CMSIS-Core header (the
    # compiler's own arm_acle.h / arm_mve.h serve the intrinsics), and ARM.CMSIS-NN.pdsc says
    # "No additional components required for CMSIS-NN".

    def layout(self):
        basic_layout(self, src_folder="src")

    def package_id(self):
        self.info.clear()

    def source(self):
        pin = self.conan_data["sources"][self.version]
        git = Git(self)
        # The kernels and their headers; Tests/ (thousands of files) and the docs are not fetched.
        git.clone(url=pin["url"], target=".", args=["--no-checkout", "--filter=blob:none"])
        git.run("sparse-checkout set --no-cone /Include/ /Source/ /LICENSE")
        git.checkout(commit=pin["commit"])
        if git.get_commit() != pin["commit"]:
            raise ConanException(f"{pin['url']} is at {git.get_commit()}, the pin says {pin['commit']}")

    def package(self):
        # Upstream's layout, kept: TFLM includes "Include/arm_nnfunctions.h" from the package root,
        # CMSIS-NN's own sources include "arm_nnfunctions.h" from Include/.
        copy(self, "*.h", os.path.join(self.source_folder, "Include"), os.path.join(self.package_folder, "Include"))
        # Source/Bindings is the Python module's C++ (pybind11), not part of the library.
        copy(self, "*.[ch]", os.path.join(self.source_folder, "Source"), os.path.join(self.package_folder, "Source"),
             excludes=["Bindings/*"])
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.includedirs = [".", "Include"]
