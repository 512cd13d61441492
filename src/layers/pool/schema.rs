//! A pooling layer in a lesson file: `kind = "maxpool2d"` or `"avgpool2d"`, `kernel` (a number or
//! `[rows, columns]`) and `stride` (default: the kernel, as in PyTorch).

use crate::layers::conv::not_an_image;
use crate::layers::window::{Window, read_pair};
use crate::layers::{Entry, Kind};
use crate::lesson::Shape;
use crate::lesson::schema::{Head, LayerTable, Res};

use super::{Pool2d, PoolOp};

/// `kind = "maxpool2d"`.
pub(crate) const MAX_ENTRY: Entry = Entry {
    name: "maxpool2d",
    keys: &["kernel", "stride"],
    read: read_max,
    mistakes: &crate::layers::conv::mistakes::CNN,
};

/// `kind = "avgpool2d"`.
pub(crate) const AVG_ENTRY: Entry = Entry {
    name: "avgpool2d",
    keys: &["kernel", "stride"],
    read: read_avg,
    mistakes: &crate::layers::conv::mistakes::CNN,
};

fn read_max(lt: &LayerTable) -> Res<Head> {
    read(lt, PoolOp::Max)
}

fn read_avg(lt: &LayerTable) -> Res<Head> {
    read(lt, PoolOp::Avg)
}

fn read(lt: &LayerTable, op: PoolOp) -> Res<Head> {
    let kind = match op {
        PoolOp::Max => "maxpool2d",
        PoolOp::Avg => "avgpool2d",
    };
    let Shape::Image { c, h, w } = lt.input else {
        return Err(not_an_image(lt, kind));
    };
    crate::layers::conv::allow_only(lt, &["kernel", "stride"], &[])?;
    let kernel = read_pair(lt, "kernel", 1, None)?;
    let stride = read_pair(lt, "stride", 1, Some(kernel))?;
    let window = Window {
        kernel,
        stride,
        padding: (0, 0),
    };
    let Some((oh, ow)) = window.output((h, w)) else {
        return Err(lt.error(
            lt.span_of("kernel"),
            crate::msg!(
                "err-window-too-large",
                kernel = window.kernel_text(false),
                l = lt.l.to_string(),
                input = format!("{h}×{w}")
            ),
            crate::msg!("err-window-too-large-help"),
        ));
    };
    Ok(Head {
        kind: Kind::Pool2d(Pool2d { op, window }),
        output: Shape::Image { c, h: oh, w: ow },
    })
}
