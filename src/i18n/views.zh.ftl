# 各种层在导师界面中的图、面板与矩阵视图所写的文字（向量上全连接层的在 zh.ftl）。id 以 view-<kind>- 开头。

## conv
view-conv-layer = 第 { $layer } 层
view-conv-what = conv2d { $kernel }，{ $from } { $arrow } { $to } 通道，步幅 { $stride }，填充 { $padding }
view-conv-channel = { $name } 通道 { $n }
view-conv-channel-max = { $name } 通道 { $n }，* 最大值
view-conv-padded = { $caption }，填充 { $padding }
view-conv-more = + 还有 { $n } 个
view-conv-cut = { $caption } 行 { $r0 }-{ $r1 } 列 { $c0 }-{ $c1 }
view-conv-legend-z = { $star } 互相关：卷积核不翻转
view-conv-legend-grad = 高亮：这个权重遇到过的每个输入
view-conv-legend-delta = * 其窗口中的最大值
view-conv-no-params = 第 { $layer } 层（{ $kind }）没有参数：它只搬动数。
view-conv-kernels-of = 第 { $layer } 层（{ $kind }）没有参数；第 { $conv } 层的卷积核：
view-conv-gradient = { $name }，样本 { $n }
view-conv-new-values = { $name }：更新写入的新值
view-conv-kernels = 卷积核 [o,c]
view-conv-some-kernels = 卷积核 [o,c]，共 { $all } 个，显示 { $shown } 个
view-conv-sum-over-c = 对 c 求和
view-conv-sum-of = 求和
view-conv-note-z = 元素 { $at }：每个卷积核 W[{ $o },c] 覆盖输入通道 c 上它的 { $kh }×{ $kw } 窗口，乘积在窗口内、也在所有通道上求和，偏置只加一次。互相关：卷积核不翻转。
view-conv-note-a = 激活函数逐个元素作用：A 的 { $at } 来自 Z 的 { $at }。
view-conv-note-delta = 元素 { $at }：到达这个数的误差，乘以激活函数在其 z 处的斜率。
view-conv-note-dw = 元素 { $at }：输入通道在特征图 { $o } 的 δ 下滑动：每个输出的 δ 乘以这个权重在该处遇到的输入，再求和。
view-conv-note-db = 偏置加在特征图的每个位置上，所以它的梯度是该特征图所有 δ 之和。

## pool
view-pool-what = { $kind } { $kernel }，步幅 { $stride }
view-pool-max = 最大值
view-pool-mean = 平均值
view-pool-back = 传回
view-pool-routed = { $name } 传回
view-pool-legend-max = * 窗口的最大值：只有它得到传回的梯度
view-pool-legend-mean = 窗口中的每个数得到梯度的 1/{ $area }
view-pool-note-max = 元素 { $at }：其 { $window } 窗口中最大的数（相等时取第一个）。
view-pool-note-mean = 元素 { $at }：其 { $window } 窗口的平均值。
view-pool-note-max-back = 元素 { $at }：到达这个输出的误差；反向传播时全部传给其窗口的最大值，其余为 0。
view-pool-note-mean-back = 元素 { $at }：到达这个输出的误差；反向传播时其窗口中的每个数各得到它的 1/{ $area }。

## flatten
view-flatten-legend = 按行优先：先通道，再行，再列
view-flatten-more-channels = ，以及其余 { $n } 个通道)
view-flatten-note = 元素 { $j } 是图像的 { $from }：逐通道、逐行、逐列展平（按行优先，与 torch.flatten 相同）。

## recurrent（rnn、lstm，以及作用在序列上、按位置展开的全连接层）
view-recurrent-layer = 第 { $layer } 层：{ $kind }
view-recurrent-steps = 时间步 { $first } 到 { $last }，共 { $steps } 步
view-recurrent-weights = 权重：
view-recurrent-card-h = 单元在时间步 t 的隐藏状态；它的 z 读取 t 时的输入与 t { $minus } 1 时的 h
view-recurrent-card-dh = 它的误差 { $d }L/{ $d }h：来自 t 时的输出，加上经 W_hh 从 t + 1 传回的部分
view-lstm-card-c = LSTM 的细胞状态 c = { $cell }，由门 i、f、g、o 得出
view-rnn-kind = rnn（{ $activation }）按时间展开
view-lstm-kind = lstm 按时间展开
view-dense-kind = 全连接层（{ $activation }）逐位置
view-recurrent-row-sums = 各行之和
view-recurrent-sum-over-t = 对 t 求和
view-recurrent-loss = 损失
view-recurrent-sequence-loss = { $formula }，A 与 Y 的每一行对应一个位置
view-recurrent-from = 来自
view-recurrent-and = 与
view-recurrent-note-z = { $w_ih } 的第 { $row } 行乘以 { $x }，加上 { $b_ih }，加上 { $w_hh } 的第 { $row } 行乘以 { $h }（前一时间步的隐藏状态），再加上 { $b_hh }。
view-recurrent-note-z-first = { $w_ih } 的第 { $row } 行乘以 { $x }，加上 { $b_ih }（h₀ = 0，所以第一个时间步 W_hh 不起作用），再加上 { $b_hh }。
view-recurrent-note-dh = { $w_hh }ᵀ 的第 { $row } 行是 { $w_hh } 的第 { $row } 列：从单元 { $row } 到下一时间步每一行的权重。乘以下一时间步的 δ，就是从时间步 { $next } 到达 { $h } 的部分；再加上在时间步 { $step } 从输出到达它的部分，就是全导数。
view-recurrent-note-grad = 元素 ({ $row }, { $col }) 是每个时间步一个乘积之和：δ 组成的矩阵的第 { $row } 行乘以另一个矩阵的第 { $col } 列，逐个时间步相加。

## diagram（transformer 的各块：词嵌入、层归一化、注意力、全连接）
view-diagram-input = 输入
view-diagram-tokens = 词元
view-diagram-embedding = 词嵌入
view-diagram-layer-norm = 层归一化
view-diagram-attention = 注意力
view-diagram-heads = { $attention }×{ $heads }
view-diagram-causal = 因果
view-diagram-output = 输出
view-diagram-dense = 全连接
view-diagram-position = 位置
view-diagram-cells = 各格：亮起的块在特征 { $feature } 上的 a

## layernorm
view-norm-stat = 第 { $layer } 层的 { $stat }

## attention
view-attention-title = 注意力
view-attention-layer = 第 { $layer } 层
view-attention-scores = 得分 S = q·k/√d，掩码处为 −∞
view-attention-weights = 权重 attn = 对各个键做 softmax
view-attention-mask = −∞ 掩码

## matrices（transformer 各层的矩阵视图）
view-matrices-scores = { $formula }（M：对角线以上为 −∞）
view-matrices-scores-unmasked = { $formula }（M：对角线以上为 −∞，这里没有）
view-matrices-attn = A = softmax(S)，逐行：对各个键
view-matrices-minus-row-sums = − 各行之和)
view-matrices-context = C = AV（每个注意力头的 A 乘以 V 中属于它的特征）
view-matrices-normalised = X̂ = (X − μ) / √(σ² + ε)，逐行
view-matrices-embedding = Y = E[x] + P：每个位置取其词元在 E 中的行，加上它在 P 中的行
view-matrices-rows = { $formula }，逐行
view-matrices-entries = { $formula }，逐个元素
view-matrices-single = { $name }：每个位置一行；它的公式见上方
view-matrices-new = { $name }（新）
view-matrices-old = { $name }（旧）
view-matrices-update = { $name } { $arrow } { $name } − 更新量，逐个元素（公式见上方）
view-matrices-minus-step = − 更新量
