import os

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.files import copy
from conan.tools.layout import basic_layout
from conan.tools.scm import Git

required_conan_version = ">=2.2"

# What TFLM's Makefile compiles into libtensorflow-microlite.a (tensorflow/lite/micro/tools/make/
# sources.inc: MICROLITE_CC_BASE_SRCS, MICROLITE_CC_KERNEL_SRCS, MICROLITE_CC_HDRS, TFL_CC_*) and
# the CMSIS-NN specialisations (kernels/cmsis_nn/). Not fetched: tests' data, examples, models,
# python, tools, the signal library (its kernels need kissfft) and other vendors' kernels.
SPARSE = ["/LICENSE",
          "/tensorflow/lite/micro/*.cc", "/tensorflow/lite/micro/*.h",
          "/tensorflow/lite/micro/arena_allocator/", "/tensorflow/lite/micro/memory_planner/",
          "/tensorflow/lite/micro/tflite_bridge/",
          "/tensorflow/lite/micro/kernels/*.cc", "/tensorflow/lite/micro/kernels/*.h",
          "/tensorflow/lite/micro/kernels/cmsis_nn/",
          "/tensorflow/lite/*.h", "/tensorflow/lite/c/", "/tensorflow/lite/core/", "/tensorflow/lite/kernels/",
          "/tensorflow/lite/schema/", "/tensorflow/lite/types/", "/tensorflow/compiler/mlir/lite/",
          # micro_ops.h and micro_mutable_op_resolver.h include these two declarations of signal ops
          "/signal/micro/kernels/irfft.h", "/signal/micro/kernels/rfft.h"]
# sources.inc's MICROLITE_TEST_SRCS, the kernels' test helpers it leaves out of the library, and
# tensorflow/lite/array.* (left out of every build but no_tf_lite_static_memory).
NOT_LIBRARY = ["*_test.cc", "tensorflow/lite/micro/kernels/conv_test_common.cc",
               "tensorflow/lite/micro/kernels/*_flexbuffers_generated_data.cc", "tensorflow/lite/array.*"]


class TfliteMicroConan(ConanFile):
    name = "tflite-micro"
    description = "TensorFlow Lite for Microcontrollers: the interpreter and its kernels (sources)"
    license = "Apache-2.0"
    url = "https://github.com/tensorflow/tflite-micro"
    homepage = "https://github.com/tensorflow/tflite-micro"
    topics = ("machine-learning", "embedded", "inference", "tflite")
    package_type = "header-library"
    no_copy_source = True

    def requirements(self):
        # The versions TFLM's download scripts name at the pinned commit (third_party_downloads.inc,
        # flatbuffers_download.sh, ext_libs/cmsis_nn_download.sh); kissfft only serves signal/.
        self.requires("flatbuffers/25.9.23")
        self.requires("gemmlowp/cci.20180904")
        self.requires("ruy/cci.20210511")
        self.requires("cmsis-nn/cci.20260617")

    def layout(self):
        basic_layout(self, src_folder="src")

    def package_id(self):
        self.info.clear()

    def source(self):
        pin = self.conan_data["sources"][self.version]
        git = Git(self)
        git.clone(url=pin["url"], target=".", args=["--no-checkout", "--filter=blob:none"])
        git.run(f"sparse-checkout set --no-cone {' '.join(SPARSE)}")
        git.checkout(commit=pin["commit"])
        if git.get_commit() != pin["commit"]:
            raise ConanException(f"{pin['url']} is at {git.get_commit()}, the pin says {pin['commit']}")

    def package(self):
        # Upstream's layout, kept: every include is "tensorflow/lite/..." from the package root.
        for pattern in ("*.h", "*.cc", "*.c"):
            copy(self, pattern, self.source_folder, self.package_folder, excludes=NOT_LIBRARY)
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.includedirs = ["."]
