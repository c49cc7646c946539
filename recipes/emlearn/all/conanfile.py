import os
import subprocess
import sys
import zipfile

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.files import check_sha256, copy

required_conan_version = ">=2.2"


class EmlearnConan(ConanFile):
    name = "emlearn"
    description = "Machine learning inference for microcontrollers (C headers from the PyPI wheel)"
    license = "MIT"
    url = "https://github.com/emlearn/emlearn"
    homepage = "https://emlearn.org"
    topics = ("machine-learning", "embedded", "header-only")
    package_type = "header-library"
    no_copy_source = True

    def package_id(self):
        self.info.clear()

    def source(self):
        pin = self.conan_data["sources"][self.version]
        # pip finds the wheel by name through whatever index the user's pip is
        # set up for (PyPI, or an offline mirror); the sha256 pins the bytes.
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--only-binary=:all:", "--dest", self.source_folder, pin["pypi"]], check=True)
        wheel = os.path.join(self.source_folder, pin["wheel"])
        if not os.path.isfile(wheel):
            raise ConanException(f"pip did not fetch {pin['wheel']} for {pin['pypi']}")
        check_sha256(self, wheel, pin["sha256"])
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(self.source_folder)
        os.remove(wheel)

    def package(self):
        copy(self, "*.h", os.path.join(self.source_folder, "emlearn"), os.path.join(self.package_folder, "include"))
        copy(self, "LICENSE*", os.path.join(self.source_folder, "emlearn-%s.dist-info" % self.version),
             os.path.join(self.package_folder, "licenses"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
