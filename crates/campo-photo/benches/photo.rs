//! A 12-megapixel camera photo made into the photo Campo keeps (goal: < 1.5 s, < 1 MB).

use criterion::{Criterion, criterion_group, criterion_main};

fn twelve_megapixels(c: &mut Criterion) {
    let file = campo_fixtures::photos::camera_jpeg(4000, 3000, 6);
    let kept = campo_photo::prepare(&file).expect("a photo");
    println!(
        "12 MP photo: {} KB from {} KB, {}×{}",
        kept.bytes.len() / 1024,
        file.len() / 1024,
        kept.width,
        kept.height
    );
    let mut g = c.benchmark_group("photo");
    g.sample_size(10);
    g.bench_function("prepare_12mp", |b| {
        b.iter(|| campo_photo::prepare(&file).expect("a photo"))
    });
    g.finish();
}

criterion_group!(benches, twelve_megapixels);
criterion_main!(benches);
