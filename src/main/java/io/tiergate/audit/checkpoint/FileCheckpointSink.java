package io.tiergate.audit.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Checkpoints appended to one file, a line each: the local run's sink, and in Kubernetes a file
 * on a persistent volume that the gateway instances share (the file lock keeps their lines whole).
 * The file is created when missing, its folder is not: a missing volume is an error.
 */
public final class FileCheckpointSink implements CheckpointSink, CheckpointSource {

    private final Path file;

    public FileCheckpointSink(Path file) {
        this.file = file;
    }

    @Override
    public void publish(Checkpoint checkpoint) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((checkpoint.line() + "\n").getBytes(StandardCharsets.US_ASCII));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); FileLock lock = channel.lock()) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    @Override
    public List<String> lines() throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no checkpoint file");
        }
        return Files.readAllLines(file, StandardCharsets.US_ASCII);
    }

    @Override
    public String describe() {
        return "file " + file;
    }
}
