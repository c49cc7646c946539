import os

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.files import apply_conandata_patches, copy, export_conandata_patches
from conan.tools.layout import basic_layout
from conan.tools.scm import Git

required_conan_version = ">=2.2"


class TinyMaixConan(ConanFile):
    name = "tinymaix"
    description = "TinyMaix: a tiny inference library for microcontrollers (sources)"
    license = "Apache-2.0"
    url = "https://github.com/sipeed/TinyMaix"
    homepage = "https://github.com/sipeed/TinyMaix"
    topics = ("machine-learning", "embedded", "inference")
    package_type = "header-library"
    no_copy_source = True

    def export_sources(self):
        export_conandata_patches(self)

    def layout(self):
        # The patches are exported beside the sources: the clone needs an
        # empty folder of its own.
        basic_layout(self, src_folder="src")

    def package_id(self):
        self.info.clear()

    def source(self):
        pin = self.conan_data["sources"][self.version]
        git = Git(self)
        # Only include/ and src/ are needed; the rest of the tree is training
        # files, pictures and models (tens of MB), so clone without blobs
        # and check out sparsely. The commit hash still pins every byte.
        git.clone(url=pin["url"], target=".", args=["--no-checkout", "--filter=blob:none"])
        git.run("sparse-checkout set --no-cone /include/ /src/ /LICENSE")
        git.checkout(commit=pin["commit"])
        if git.get_commit() != pin["commit"]:
            raise ConanException(f"{pin['url']} is at {git.get_commit()}, the pin says {pin['commit']}")
        apply_conandata_patches(self)

    def package(self):
        src = self.source_folder
        copy(self, "tinymaix.h", os.path.join(src, "include"), os.path.join(self.package_folder, "include"))
        # tm_port.h is the integrator's file: left beside, off the include
        # path, so that the build's own port header is the one tinymaix.h finds.
        copy(self, "tm_port.h", os.path.join(src, "include"), os.path.join(self.package_folder, "port"))
        copy(self, "*.[ch]", os.path.join(src, "src"), os.path.join(self.package_folder, "src"))
        copy(self, "LICENSE", src, os.path.join(self.package_folder, "licenses"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
