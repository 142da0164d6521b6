import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Run by verify.sh inside a Streams service's image: Kafka Streams keeps its state in RocksDB, a
 * native library that needs more of the C runtime than the JRE does. Opens, writes and reads a store
 * in the state directory, as the image's user.
 */
public final class RocksDbProbe {
    public static void main(String[] args) throws Exception {
        RocksDB.loadLibrary();
        Path dir = Files.createTempDirectory(Path.of(args[0]), "rocksdb-probe-");
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, dir.toString())) {
            db.put("S001".getBytes(), "42".getBytes());
            System.out.println("rocksdb ok: " + new String(db.get("S001".getBytes())));
        }
    }
}
