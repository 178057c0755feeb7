package org.bcpki.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold secrets or personal data (keys, funded accounts, readings, service databases):
 * mode 0600 in directories of mode 0700, owner only. The mode is set when a file is created, so
 * there is no moment in which another user may open it. On a file system without POSIX
 * permissions the files keep the platform's defaults.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /** Creates {@code dir} (and missing parents) and gives {@code dir} itself mode 0700. */
    public static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrict(dir, DIRECTORY_MODE);
        return dir;
    }

    /** Writes {@code content} through a 0600 temporary file renamed over {@code file}. */
    public static void write(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp", fileAttributes(parent));
        try {
            restrict(temp, FILE_MODE);
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static void writeString(Path file, String content) throws IOException {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Makes sure {@code file} exists with mode 0600 before a library opens it (SQLite gives its
     * journal and WAL files the database file's mode, so they inherit it). An existing file is
     * narrowed to 0600.
     */
    public static Path ensureFile(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try {
            Files.createFile(file, fileAttributes(parent));
        } catch (FileAlreadyExistsException e) {
            // an existing file is narrowed below
        }
        restrict(file, FILE_MODE);
        return file;
    }

    /** Whether {@code path} is readable or writable by anyone but its owner (false without POSIX). */
    public static boolean isExposed(Path path) throws IOException {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            return mode.stream().anyMatch(p -> !p.name().startsWith("OWNER_"));
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, mode);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the platform's defaults apply
        }
    }

    private static FileAttribute<?>[] fileAttributes(Path dir) {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)} : new FileAttribute<?>[0];
    }
}
